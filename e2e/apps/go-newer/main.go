// A Go 1.22 app (range over an int): Berth's builder has Debian's Go 1.19, so the build must fail
// saying which Go go.mod asks for and which one there is.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		for i := range 3 {
			fmt.Fprintf(w, "hello %d\n", i)
		}
	})
	if err := http.ListenAndServe(":"+os.Getenv("PORT"), nil); err != nil {
		panic(err)
	}
}
