-- each supplier's lines ranked by price
select l_suppkey, l_orderkey, l_linenumber, l_extendedprice, price_rank
from (
  select l_suppkey, l_orderkey, l_linenumber, l_extendedprice,
         rank() over (partition by l_suppkey order by l_extendedprice desc, l_orderkey, l_linenumber) as price_rank
  from lineitem
) ranked
where price_rank <= 2
order by l_suppkey, price_rank;
