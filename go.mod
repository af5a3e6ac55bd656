module github.com/affected-dev/affected

go 1.26.3

require (
	github.com/google/go-cmp v0.7.0
	github.com/google/osv-scalibr v0.5.3
	golang.org/x/text v0.43.0
)
