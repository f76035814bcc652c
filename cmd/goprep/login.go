package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/goprep/goprep"
	"github.com/goprep/goprep/internal/client"
)

func init() {
	commands["login"] = command{
		summary: "sign in to a GoPrep server: login [--server URL] [--email E] (password prompted)",
		run:     runLogin,
	}
	commands["logout"] = command{
		summary: "sign out: revoke the saved session and delete the saved credentials",
		run:     runLogout,
	}
}

// clientFlags makes the flag set of a client command with its --server flag.
func clientFlags(name string, stderr io.Writer, usage ...string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	server := fs.String("server", "", "the GoPrep server's URL (env GOPREP_SERVER; default: the one you signed in to, else "+defaultServer+")")
	fs.Usage = func() {
		for _, l := range usage {
			fmt.Fprintln(fs.Output(), l)
		}
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	return fs, server
}

// parseFlags parses args; it returns -1 to go on, or the exit code.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) int {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return 0
	}
	if err != nil {
		return 2
	}
	return -1
}

// readSecret reads a line from in without echo when in is a terminal.
func readSecret(in io.Reader, lines *bufio.Reader) (string, error) {
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b, err := term.ReadPassword(int(f.Fd()))
		return string(b), err
	}
	return readLine(lines)
}

// readLine reads one line, without its line ending.
func readLine(r *bufio.Reader) (string, error) {
	line, err := r.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && line != "") {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func runLogin(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, server := clientFlags("login", stderr,
		"Usage: goprep login [--server URL] [--email EMAIL]",
		"",
		"Signs in with your email and password (asked for; not echoed on a terminal)",
		"and saves the server's URL and the session in "+credentialsHint()+" (mode 0600).",
		"Other commands then use that server and session; GOPREP_SERVER and GOPREP_TOKEN",
		"(an API key gp_… or an access token, for CI and LMS jobs) override the file.")
	email := fs.String("email", "", "your account's email (asked for when not given)")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	saved, err := loadCredentials()
	if err != nil {
		return clientExit(stderr, "login", err)
	}
	base := serverURL(*server, saved)
	c, err := client.New(base, client.Tokens{})
	if err != nil {
		return clientExit(stderr, "login", usageError{err})
	}
	lines := bufio.NewReaderSize(io.LimitReader(stdin, 4*goprep.MaxPasswordLen), 1024)
	if *email == "" {
		if saved != nil && sameServer(saved.Server, base) && saved.Email != "" {
			*email = saved.Email
		} else {
			fmt.Fprintf(stderr, "Email for %s: ", base)
			if *email, err = readLine(lines); err != nil || strings.TrimSpace(*email) == "" {
				fmt.Fprintln(stderr)
				return clientExit(stderr, "login", usageError{errors.New("no email given: use --email or type it")})
			}
		}
	}
	*email = strings.TrimSpace(*email)
	fmt.Fprintf(stderr, "Password for %s at %s: ", *email, base)
	password, err := readSecret(stdin, lines)
	fmt.Fprintln(stderr)
	if err != nil || password == "" {
		return clientExit(stderr, "login", usageError{errors.New("no password given")})
	}
	tok, err := c.Login(ctx, *email, password)
	if err != nil {
		return clientExit(stderr, "login", err)
	}
	who := *email
	if u, err := c.Me(ctx); err == nil {
		who = fmt.Sprintf("%s (%s)", u.Email, u.Role)
	}
	path, err := saveCredentials(&credentials{Server: c.BaseURL(), Email: *email, Tokens: tok})
	if err != nil {
		return clientExit(stderr, "login", fmt.Errorf("save the credentials: %w", err))
	}
	fmt.Fprintf(stdout, "Signed in to %s as %s.\nCredentials saved in %s.\n", c.BaseURL(), who, path)
	if v, ok := lookupEnv("GOPREP_TOKEN"); ok && v != "" {
		fmt.Fprintln(stdout, "Note: GOPREP_TOKEN is set and is used instead of this login until you unset it.")
	}
	fmt.Fprintln(stdout, "Next: `goprep list` to see the problems, `goprep fetch SLUG` to start one.")
	return 0
}

// credentialsHint names the credentials file for help texts.
func credentialsHint() string {
	if p, err := credentialsPath(); err == nil {
		return p
	}
	return "<user config dir>/goprep/credentials.json"
}

func runLogout(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, _ := clientFlags("logout", stderr,
		"Usage: goprep logout",
		"",
		"Revokes the saved session on its server and deletes "+credentialsHint()+".")
	if code := parseFlags(fs, args, stdout); code >= 0 {
		return code
	}
	saved, err := loadCredentials()
	if err != nil {
		path, _ := removeCredentials()
		fmt.Fprintf(stderr, "goprep logout: %v; deleted %s\n", err, path)
		return 1
	}
	if saved == nil {
		fmt.Fprintln(stdout, "Not signed in: there are no saved credentials.")
		return 0
	}
	code := 0
	if c, err := client.New(saved.Server, saved.Tokens); err == nil {
		if err := c.Logout(ctx); err != nil {
			fmt.Fprintf(stderr, "goprep logout: the session could not be revoked on the server (it expires by itself): %v\n", err)
			code = 1
		}
	}
	path, err := removeCredentials()
	if err != nil {
		fmt.Fprintf(stderr, "goprep logout: delete %s: %v\n", path, err)
		return 1
	}
	fmt.Fprintf(stdout, "Signed out of %s; deleted %s.\n", saved.Server, path)
	return code
}
