// A request handler that keeps every request's body in a map keyed by request id: a leak.
package main

import (
	"fmt"
	"time"
)

type Session struct {
	ID   int
	Body []byte
	Tags []string
}

var sessions = map[int]*Session{}

func handle(id int) {
	s := &Session{ID: id, Body: make([]byte, 4096)}
	for i := 0; i < 4; i++ {
		s.Tags = append(s.Tags, fmt.Sprintf("tag-%d-%d", id, i))
	}
	sessions[id] = s
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
