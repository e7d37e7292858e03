script local
