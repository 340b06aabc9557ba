-- lineitem grouped by part, a column it is not distributed by
select l_partkey, count(*) as lines, sum(l_quantity) as quantity, avg(l_extendedprice) as average_price
from lineitem
group by l_partkey
order by quantity desc, l_partkey
limit 20;
