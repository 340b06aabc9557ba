-- distinct parts over all of lineitem
select count(distinct l_partkey) as parts, count(*) as lines
from lineitem;
