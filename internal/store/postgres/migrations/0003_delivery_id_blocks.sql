-- Delivery job ids are drawn in blocks of 1024: one nextval reserves
-- [value, value + 1023] for one node, which then numbers its jobs without
-- asking the server. Values drawn before this step still never collide:
-- every block starts at a value no earlier draw returned.
ALTER SEQUENCE deliveries_id_seq INCREMENT BY 1024;
