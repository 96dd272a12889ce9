--
-- PostgreSQL database dump
--

\restrict k3y

SET standard_conforming_strings = off;
SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: t; Type: TABLE; Schema: public; Owner: postgres
--

CREATE TABLE public.t (
    id integer NOT NULL,
    note text,
    "Wéird" character varying(20)
);

--
-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.t (id, note, "Wéird") FROM stdin;
1	tab\there\\back	\N
2		é🙂
\.

INSERT INTO public.t VALUES (3, 'it''s \\ ok', NULL), (-4, E'\x41\n', 'x');
INSERT INTO public.t (id, note) VALUES (5, U&'\0041');

SELECT pg_catalog.lo_create('16385');
SELECT pg_catalog.setval('public.t_id_seq', 5, true);

ALTER TABLE ONLY public.t
    ADD CONSTRAINT t_pkey PRIMARY KEY (id);

--
-- PostgreSQL database dump complete
--

\unrestrict k3y

