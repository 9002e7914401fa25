-- A figure's indicator is the indicator of metrics of the same report, which metric's own foreign key has
-- already checked in the same transaction; checking it again for every figure row slowed bulk submits.
ALTER TABLE huibao.figure DROP CONSTRAINT figure_indicator_code_fkey;
