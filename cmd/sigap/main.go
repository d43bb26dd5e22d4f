// Command sigap is the whole system in one binary: the web server, the JSON
// API and the operator's command line.
package main

import (
	"os"

	"sigap/internal/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() { os.Exit(cli.Execute(version, os.Args[1:])) }
