package outdir

import (
	"encoding/csv"
	"io"
)

// WriteCSV writes a CSV table to w: the header, then each row that rows
// emits. The first error stops the writing and is returned.
func WriteCSV(w io.Writer, header []string, rows func(emit func(...string))) error {
	cw := csv.NewWriter(w)
	var err error
	emit := func(rec ...string) {
		if err == nil {
			err = cw.Write(rec)
		}
	}
	emit(header...)
	rows(emit)
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}
