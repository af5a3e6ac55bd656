// Command affected answers the two questions a security advisory leaves its
// reader with: am I affected, and how do I fix it? See doc.go for the manual.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/affected-dev/affected/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
