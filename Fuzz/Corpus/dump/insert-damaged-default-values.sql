SET standard_conforming_strings = on;

CREATE TABLE public.empty_t (
);

INSERT INTO public.empty_t[DEFAULT VALUES;
