-- Why a run failed for good, as a stable code the web app translates; `failure` keeps the English.
alter table catalogue_imports add column failure_code text;
