-- lineitem joined with orders on columns that are not their distribution keys
select o_orderpriority, count(*) as pairs, sum(l_extendedprice) as revenue
from lineitem join orders on l_partkey = o_custkey
where l_quantity < 5 and o_orderstatus = 'F'
group by o_orderpriority
order by o_orderpriority;
