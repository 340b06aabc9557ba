-- lineitem grouped by supplier, with the number of distinct parts each supplies
select l_suppkey, count(distinct l_partkey) as parts, sum(l_extendedprice * (1 - l_discount)) as revenue
from lineitem
group by l_suppkey
order by revenue desc, l_suppkey
limit 20;
