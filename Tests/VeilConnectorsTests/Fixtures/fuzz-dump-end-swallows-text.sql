--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;

CREATE TABLE public.docs (
    id integer NOT NULL,
    title text NOT NULL
);

END
$$;

ALTER TABLE public.docs OWNER TO postgres;

GRANT SELECT ON public.docs TO PUBLIC; $$;

COPY public.docs (id, title) FROM stdin;
1	Alice Example
\.

--
-- PostgreSQL database dump complete
--
