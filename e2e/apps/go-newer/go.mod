module example.com/go-newer

go 1.22
