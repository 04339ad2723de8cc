// A request handler that keeps every request's session (Go's heap) and asks C for a small
// buffer per request that it frees (the C library's heap).
package main

// #include <stdlib.h>
// #include <string.h>
// static void *scratch(size_t n) { void *p = malloc(n); memset(p, 1, n); return p; }
import "C"

import (
	"fmt"
	"time"
)

type Session struct {
	ID   int
	Body []byte
}

var sessions = map[int]*Session{}

func handle(id int) {
	buf := C.scratch(512)
	C.free(buf)
	sessions[id] = &Session{ID: id, Body: make([]byte, 4096)}
}

func main() {
	for id := 0; id < 20000; id++ {
		handle(id)
		if id%1000 == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	fmt.Println("sessions", len(sessions))
}
