package wakeup_test

import (
	"sync"
	"testing"
	"time"

	"academy/services/kit/wakeup"
)

func woken(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	case <-time.After(time.Second):
		return false
	}
}

func TestWakeReleasesEveryWaiterOfThatIDOnly(t *testing.T) {
	var w wakeup.Waiters
	const n = 50
	chans := make([]<-chan struct{}, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chans[i], _ = w.Wait("a")
		}()
	}
	wg.Wait()
	other, releaseOther := w.Wait("b")
	w.Wake("a")
	for i, c := range chans {
		if !woken(c) {
			t.Fatalf("waiter %d of a was not woken", i)
		}
	}
	select {
	case <-other:
		t.Fatal("waking a woke b")
	default:
	}
	if got := w.Count("b"); got != 1 {
		t.Fatalf("%d requests wait for b, want 1", got)
	}
	releaseOther()
	if got := w.Count("a") + w.Count("b"); got != 0 {
		t.Fatalf("%d requests still wait after every waiter left or was woken, want 0", got)
	}
}

func TestReleasedWaitersLeaveNothingBehind(t *testing.T) {
	var w wakeup.Waiters
	_, release1 := w.Wait("a")
	c2, release2 := w.Wait("a")
	release1()
	if w.Count("a") != 1 {
		t.Fatal("a was forgotten while a request still waits for it")
	}
	w.Wake("a")
	if !woken(c2) {
		t.Fatal("the remaining waiter was not woken")
	}
	release2()
	// Waiting again after a wake starts afresh: not already woken.
	c3, release3 := w.Wait("a")
	defer release3()
	select {
	case <-c3:
		t.Fatal("a new wait was already woken")
	default:
	}
}
