-- days on which an order was placed or a line shipped: a UNION of two partitioned queries
select count(*) as days, min(day) as first_day, max(day) as last_day
from (
  select o_orderdate as day from orders
  union
  select l_shipdate from lineitem
) t;
