-- Who asked for the title for the member, such as a Good Neighbour at the desk, as loans record who collected.
alter table requests add column on_behalf_of text;
