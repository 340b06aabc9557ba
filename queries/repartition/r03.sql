-- customer joined with orders on keys of different co-location groups
select c_mktsegment, count(*) as matches, sum(o_totalprice) as total
from customer join orders on c_custkey = o_orderkey
group by c_mktsegment
order by c_mktsegment;
