script v1
