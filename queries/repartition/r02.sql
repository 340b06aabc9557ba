-- orders joined with itself on a date and a clerk
select o1.o_orderstatus, count(*) as pairs, sum(o2.o_totalprice - o1.o_totalprice) as difference
from orders o1 join orders o2
  on o1.o_orderdate = o2.o_orderdate and o1.o_clerk = o2.o_clerk and o1.o_orderkey < o2.o_orderkey
group by o1.o_orderstatus
order by o1.o_orderstatus;
