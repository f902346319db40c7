create table test_order (id bigint generated always as identity primary key, reference text not null unique);
