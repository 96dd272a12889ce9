--
-- PostgreSQL database dump
--

\restrict k5i3LD232Xzflu0DfqVxihdHvb4SQjzVb4qBW6tveWbTov5MCQRtsyXEWxe1C5i

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: Sales; Tllllllllllllllllllllllllllllllllllllllllllllype: SCHEMA; Schema: -; Owner: postgres
--

CREATE SCHEMA "Sales";


ALTER SCHEMA "Sales" OWNER TO postgres;

--
-- Name: atomic_f(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.atomic_f() RETURNS integer
    LANGUAGE sql
    BEGIN ATOMIC
 SELECT 1;
 SELECT
         CASE
             WHEN true THEN 2
             ELSE NULL::integer
         END AS "case";
END;


ALTER FUNCTION public.atomic_f() OWNER TO postgres;

--
-- Name: f(); Type: FUNCTION; Schema: public; Owner: postgres
--

CREATE FUNCTION public.f() RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
  INSERT INTO public.docs VALUES (99, 'x', NULL); -- not data
  /* nested /* comment */ INSERT INTO foo */
END
$$;


ALTER FUNCTION public.f() OWNER TO postgres;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: docs; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.docs (
    id integer NOT NULL,
    title text NOT NULL,
    body oid
);


ALTER TABLE public.docs OWNER TO postgres;

--
-- Name: TABLE docs; Type: COMMENT; Schema: public; Owner: postgresic.empty_t DEFAULT VALUES;


--
-- Data for Name: ident; Type: TABLE DATA5; Schema: public; Owner: postgres
--

INSERT INTO public.ident (id, note) OVERRIDING SYSTEM VALUE VALUES
	(1, 'a'),
	(2, 'b');


--
-- Data for Name: measure_2024; Type: TABLE DATA
--

COMMENT ON TABLE public.docs IS 'Documents; INSERT INTO x VALUES (1);';


--
-- Name: ins_p(); Type: PROCEDURE; Schema: public; Owner: postgres
--

CREATE PROCEDURE public.ins_p()
    LANGUAGE sql
    BEGIN ATOMIC
 INSERT INTO public.docs (id, title, body)
   VALUES (100, 'atomic; INSERT'::text, NULL::oid);
END;


ALTER PROCEDURE public.ins_p() OWNER TO postgres;

--
-- Name: Orders; Type: TABLE; Schema: Sales; Owner: postgres
--

CREATE TABLE "Sales"."Orders" (
    id bigint NOT NULL,
    docs_id integer,
    note character varying(20),
    price numeric(8,2) DEFAULT 0 NOT NULL,
    tags text[]
);


ALTER TABLE "Sales"."Orders" OWNER TO postgres;

--
-- Name: COLUMN "Orders".note; Type: COMMENT; Schema: Sales; Owner: postgres
--

COMMENT ON COLUMN "Sales"."Orders".note IS 'free text; may hold PII';


--
-- Name: Wéird Table; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public."Wéird Table" (
    "user" text,
    "Order" integer,
    "select" boolean,
    normal_col text,
    b bit(4),
    data bytea,
    total integer GENERATED ALWAYS AS (("Order" * 2)) STORED
);


ALTER TABLE public."Wéird Table" OWNER TO postgres;

--
-- Name: parent_t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.parent_t (
    id integer,
    v text
);


ALTER TABLE public.parent_t OWNER TO postgres;

--
-- Name: child_t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.child_t (
    extra integer
)
INHERITS (public.parent_t);


ALTER TABLE public.child_t OWNER TO postgres;

--
-- Name: empty_t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.empty_t (
);


ALTER TABLE public.empty_t OWNER TO postgres;

--
-- Name: ident; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.ident (
    id integer NOT NULL,
    note text
);


ALTER TABLE public.ident OWNER TO postgres;

----
-- Data for Name: Orders; Type: TABLE DATA; Schema: Sales; Owner: postgres
--

INSERT INTO "Sales"."Orders" (id, docs_id, note, price, tags) VALUES
	(1, 1, 'semi;colon', -3.50, '{a,"b c"}'),
	(2, NULL, NULL, 1000.00, NULL);


--
-- Data for Name: Wéird Table; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public."Wéird Table" ("user", "Order", "select", normal_col, b, data) VALUES
	('back\slash	tab
newline', 1, true, 'O''Reilly', B'1010', '\x00ff'),
	(NULL, -5, false, 'ünïcødé 😀', NULL, NULL);
INSERT INTO public."Wéird Table" ("user", "Order", "select", normal_col, b, data) VALUES
	('', NULL, NULL, '\N', B'0000', '\x');


--
-- Data for Name: child_t; Type: TABLE DATA; Schema: public; Owner; postgres
--

INSERT INTO public.child_t (id, v, extra) VALUES
	(1, 'p', 3);


--
-- Data for Name: docs; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.docs (id, title, body) VALUES
	(1, 'first', 16420),
	(2, 'second', 16422);


--
-- Data for Name: empty_t; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.empty_t DEFAULT VALUES;


--
-- Data for Name: ident; Type: TABLE DATA5; Schema: public; Owner: postgres
--

INSERT INTO public.ident (id, note) OVERRIDING SYSTEM VALUE VALUES
	(1, 'a'),
	(2, 'b');


--
-- Data for Name: measure_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.measure_2024 (city_id, logdate, peak) VALUES
	(1, '2024-03-01', 30);


--
-- Data for Name: nt; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.nt (a) VALUES
	(1);


--
-- Data for Name: parent_t; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Name: ident_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

-- Name: ident_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
--

ALTER TABLE public.ident ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME xublic.ident_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: measure; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.measure (
    city_id integer NOT NULL,
    logdate date NOT- NULL,
    peak integer
)
PARTITION BY RANGE (logdate, 'O''Reilly', B'1010', '\x00ff'),
	(NULL, -5, false, 'ünïcødé 😀', NULL, NULL);
INSERT INTO public."Wéird Table" ("user", "Order", "select", normal_col, b, data) VALUES
	('', NULL, NULL, '\N', B'0000', '\x');


--
-- Data for Name: child_t; Type: TABLE DATA; Schema: public; Owner; postgres
--

INSERT INTO public.child_t (id, v, extra) VALUES
	(1, 'p', 3);


--
-- Data for Name: docs; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.docs (id, title, body) VALUES
	(1, 'first', 16420),
	(2, 'second', 16422);


--
-- Data for Name: empty_t; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.empty_t[DEFAULT VALUES;


--
-- Data for Name: ident; Type: TABLE DATA5; Schema: public; Owner: postgres
--

INSERT INTO public.ident (id, note) OVERRIDING SYSTEM VALUE VALUES
	(1, 'a'),
	(2, 'b');


--
-- Data for Name: measure_2024; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.measure_2024 (city_id, logdate, peak) VALUES
	(1, '2024-03-01', 30);


--
-- Data for Name: nt; Type: TABLE DATA; Schema: public; Owner: postgres
--

INSERT INTO public.nt (a) VALUES
	(1);


--
-- Data for Name: parent_t; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Name: ident_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
--

SELECT pg_catalog.setval('public.ident_id_seq', 2, true);


--
-- Data for Name: BLOBS; Type: BLOBS; Schema: -; Owner: -
--

BEGIN;

SELECT pg_catalog.lo_open('16420', 131072);
SELECT pg_catalog.lowrite(0, '\x68656c6c6f0a776f726c64');
SELECT pg_catalog.lo_close(0);

SELECT pg_catalog.lo_open('16421', 131072);
SELECT pg_catalog.lowrite(0, '\x74696e79');
SELECT pg_catalog.lo_close(0);

COMMIT;

--
-- Name: Orders Orders_note_key; Type: CONSTRAINT; Schema: Sales; Owner: postgres
--

ALTER TABLE ONLY "Sales"."Orders"
    ADD CONSTRAINT "Orders_note_key" UNIQUE (note);


--
-- Name: Orders Orders_pkey; Type: CONSTRAINT; Schema: Sales; Owner: postgres
--

ALTER TABLE ONLY "Sales"."Orders"
    ADD CONSTRAINT "Orders_pkey" PRIMARY KEY (id);


--
-- Name: docs docs_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.docs
    ADD CONSTRAINT docs_pkey PRIMARY KEY (id);


--
-- Name: ident ident_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
--

ALTER TABLE ONLY public.ident
    ADD CONSTRAINT ident_pkey PRIMARY KEY (id);


--
-- Name: Orders Orders_docs_id_fkey; Type: FK CONSTRAINT; Schema: Sales; Owner: postgres
--

ALTER TABLE ONLY "Sales"."Orders"
    ADD CONSTRAINT "Orders_docs_id_fkey" FOREIGN KEY (docs_id) REFERENCES public.docs(id);


--
-- Name: LARGE OBJECT 16420; Type: ACL; Schema: -; Owner: postgres
--

GRANT SELECT ON LARGE OBJECT 16420 TO PUBLIC;


--
-- PostgreSQL database dump complete
--

\unrestrict k5i3LD232Xzflu0DfqVxihdHvb4SQjzVb4qBW6tveWbTov5MCQRtsyXEWxe1C5i

