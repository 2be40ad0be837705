package config

import (
	"io/fs"
	"path/filepath"
	"strings"
)

// extendsKey names the base scenario of a file; it is not a Params key.
const extendsKey = "extends"

// layer is the settings of one scenario file, keys nested as in the file.
type layer struct {
	file     string
	settings map[string]any
}

// readScenario reads a scenario file and the chain of files it extends,
// the base first, so that later layers override earlier ones.
func readScenario(path string) ([]layer, error) {
	return readChain(path, nil)
}

// readChain reads path after its base; chain holds the absolute paths of
// the files that extend it, to catch a file that (indirectly) extends itself.
func readChain(path string, chain []string) ([]layer, error) {
	settings, err := readYAML(path)
	if err != nil {
		return nil, err
	}
	raw, extends := settings[extendsKey]
	delete(settings, extendsKey)
	here := layer{file: path, settings: settings}
	if !extends {
		return []layer{here}, nil
	}
	chain = append(chain, absPath(path))
	base, err := basePath(path, raw, chain)
	if err != nil {
		return nil, err
	}
	layers, err := readChain(base, chain)
	if err != nil {
		return nil, err
	}
	return append(layers, here), nil
}

// basePath resolves an `extends:` value relative to the folder of the
// extending file (not the working folder); an absolute path is used as it
// is. The base must be a regular file.
func basePath(path string, raw any, chain []string) (string, error) {
	name, ok := raw.(string)
	if !ok || strings.TrimSpace(name) == "" {
		return "", &Error{File: path, Key: extendsKey, Value: raw, Expected: "the path of a base scenario file", Err: ErrInvalid}
	}
	base := name
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(path), base)
	}
	for i, seen := range chain {
		if seen == absPath(base) {
			cycle := append(shortNames(chain[i:]), filepath.Base(base))
			return "", &Error{File: path, Key: extendsKey, Value: name, Err: ErrInvalid,
				Expected: "a base file that does not extend this one (cycle " + strings.Join(cycle, " -> ") + ")"}
		}
	}
	if err := checkRegular(base); err != nil {
		return "", &Error{File: path, Key: extendsKey, Value: name, Expected: "a readable YAML file", Err: err}
	}
	return base, nil
}

// readYAML reads one scenario file (see readYAMLFile).
func readYAML(path string) (map[string]any, error) {
	return readYAMLFile(path)
}

// pathCause drops the path from an fs error, which the *Error already names.
func pathCause(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return filepath.Clean(abs)
	}
	return filepath.Clean(path)
}

func shortNames(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = filepath.Base(p)
	}
	return out
}
