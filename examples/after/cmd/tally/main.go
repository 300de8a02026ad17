// tally counts requests per path and serves the counts as JSON.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"sync"
)

func main() {
	var mu sync.Mutex
	counts := map[string]int{}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		counts[r.URL.Path]++
		snapshot := make(map[string]int, len(counts))
		for k, v := range counts {
			snapshot[k] = v
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(snapshot)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
