BEGIN { for (i = 0; i < 300000; i++) { seen[i] = "request " i " from client with some payload text" } print length(seen) }
