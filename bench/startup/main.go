// Command startup measures how long a server takes from exec to its first
// 200 on a URL, over several runs, and optionally its resident memory after
// sitting idle. It is used by bench/startup.sh for sigap and for the hello
// ceiling alike, so both are measured the same way.
//
//	startup -n 10 -url http://127.0.0.1:8091/readyz [-idle 5s] -- BINARY ARGS...
package main

import (
	"bytes"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 10, "runs")
	url := flag.String("url", "", "URL polled until it answers 200")
	idle := flag.Duration("idle", 0, "after the runs, start once more, wait this long and print VmRSS and VmHWM")
	flag.Parse()
	if *url == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: startup -n N -url URL [-idle D] -- BINARY ARGS...")
		os.Exit(2)
	}
	var ms []float64
	for i := range *n {
		cmd, d, err := start(*url, flag.Args())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		stop(cmd)
		ms = append(ms, float64(d.Microseconds())/1000)
		fmt.Printf("run %d: %.1f ms\n", i+1, ms[i])
	}
	slices.Sort(ms)
	fmt.Printf("ready_ms min %.1f median %.1f max %.1f\n", ms[0], ms[len(ms)/2], ms[len(ms)-1])
	if *idle > 0 {
		cmd, _, err := start(*url, flag.Args())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		time.Sleep(*idle)
		fmt.Printf("idle_rss_kb %s peak_kb %s\n", status(cmd.Process.Pid, "VmRSS"), status(cmd.Process.Pid, "VmHWM"))
		stop(cmd)
	}
}

// start runs the command and polls url until it answers 200 (30 s at most).
func start(url string, args []string) (*exec.Cmd, time.Duration, error) {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	cmd := exec.Command(args[0], args[1:]...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	for time.Since(t0) < 30*time.Second {
		if res, err := client.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return cmd, time.Since(t0), nil
			}
		}
		time.Sleep(time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, 0, fmt.Errorf("%s not ready after 30 s; output:\n%s", url, out.String())
}

// stop sends SIGTERM and waits, killing after 30 s.
func stop(cmd *exec.Cmd) {
	cmd.Process.Signal(syscall.SIGTERM)
	t := time.AfterFunc(30*time.Second, func() { cmd.Process.Kill() })
	cmd.Wait()
	t.Stop()
}

// status returns a kB field of /proc/PID/status, such as VmRSS, as a number.
func status(pid int, field string) string {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(v, "\n")), " kB")
		}
	}
	return "?"
}
