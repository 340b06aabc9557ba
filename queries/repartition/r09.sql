-- aggregates that cannot be split, grouped by a non-key column
select l_shipmode, mode(l_linenumber) as usual_line, count(*) as lines
from lineitem
group by l_shipmode
order by l_shipmode;
