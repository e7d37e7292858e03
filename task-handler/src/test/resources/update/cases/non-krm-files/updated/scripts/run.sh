script v2
