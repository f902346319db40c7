insert into sample (id) values (1);
