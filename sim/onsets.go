package sim

// onsetQueue holds, for each week of the run, the families with no need
// whose onset falls in that week. The lists are doubly linked through two
// arrays indexed by family, so scheduling and cancelling cost O(1) and the
// weekly step allocates nothing.
type onsetQueue struct {
	head       []int32 // per week: first family, or -1
	next, prev []int32 // per family
}

func newOnsetQueue(weeks, families int) onsetQueue {
	q := onsetQueue{head: make([]int32, weeks), next: make([]int32, families), prev: make([]int32, families)}
	for w := range q.head {
		q.head[w] = -1
	}
	return q
}

func (q *onsetQueue) push(week int, i uint32) {
	h := q.head[week]
	q.next[i], q.prev[i] = h, -1
	if h >= 0 {
		q.prev[h] = int32(i)
	}
	q.head[week] = int32(i)
}

func (q *onsetQueue) remove(week int, i uint32) {
	n, p := q.next[i], q.prev[i]
	if p >= 0 {
		q.next[p] = n
	} else {
		q.head[week] = n
	}
	if n >= 0 {
		q.prev[n] = p
	}
}

// take detaches the list of a week and returns its first family (-1 when
// empty); follow next to walk it.
func (q *onsetQueue) take(week int) int32 {
	h := q.head[week]
	q.head[week] = -1
	return h
}
