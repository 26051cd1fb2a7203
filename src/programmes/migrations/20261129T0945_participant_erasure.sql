-- A participant who asked to be erased keeps a row so her attendance still counts, anonymously:
-- her name is replaced by a neutral marker and her contact removed (see participants.ts).
alter table participants add column erased_at timestamptz;
