package validate_test

import (
	"errors"
	"testing"

	"goprep.local/validate"
)

var (
	good1  = validate.User{Name: "ann", Email: "ann@example.com", Age: 30}
	good2  = validate.User{Name: "cid", Email: "c@d", Age: 0}
	noName = validate.User{Email: "x@y", Age: 20}
	noAt   = validate.User{Name: "bob", Email: "bob.example.com", Age: 30}
	old    = validate.User{Name: "eve", Email: "eve@example.com", Age: 151}
)

func TestHiddenValidate(t *testing.T) {
	tests := []struct {
		name  string
		u     validate.User
		field string // "" means valid
	}{
		{"valid", good1, ""},
		{"valid age 0", good2, ""},
		{"valid age 150", validate.User{Name: "z", Email: "z@z", Age: 150}, ""},
		{"no name", noName, "Name"},
		{"no at", noAt, "Email"},
		{"too old", old, "Age"},
		{"negative age", validate.User{Name: "n", Email: "n@n", Age: -1}, "Age"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validate.Validate(tt.u)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %#v (type %T), want a nil error", err, err)
				}
				return
			}
			var ve *validate.ValidationError
			if !errors.As(err, &ve) || ve == nil {
				t.Fatalf("Validate = %#v, want a non-nil *ValidationError", err)
			}
			if ve.Field != tt.field {
				t.Errorf("Field = %q, want %q", ve.Field, tt.field)
			}
		})
	}
}

func TestHiddenRegister(t *testing.T) {
	if err := validate.Register(good1); err != nil {
		t.Fatalf("Register(valid) = %#v (type %T), want nil", err, err)
	}
	err := validate.Register(old)
	if err == nil {
		t.Fatal("Register(invalid) = nil")
	}
	var ve *validate.ValidationError
	if !errors.As(err, &ve) || ve.Field != "Age" {
		t.Fatalf("errors.As(Register(invalid)) found %+v, want Field Age", ve)
	}
}

func TestHiddenValidateAllValid(t *testing.T) {
	for _, users := range [][]validate.User{nil, {good1}, {good1, good2}} {
		if err := validate.ValidateAll(users); err != nil {
			t.Fatalf("ValidateAll(%d valid users) = %#v (type %T), want nil", len(users), err, err)
		}
	}
}

func TestHiddenValidateAllInvalid(t *testing.T) {
	err := validate.ValidateAll([]validate.User{good1, noAt, good2, old})
	if err == nil {
		t.Fatal("ValidateAll with two bad users = nil")
	}
	multi, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("ValidateAll error %T does not unwrap to a list", err)
	}
	errs := multi.Unwrap()
	if len(errs) != 2 {
		t.Fatalf("ValidateAll joined %d errors, want 2 (one per bad user)", len(errs))
	}
	fields := []string{"Email", "Age"}
	for i, e := range errs {
		var ve *validate.ValidationError
		if !errors.As(e, &ve) || ve == nil {
			t.Fatalf("joined error %d = %v, want a *ValidationError inside", i, e)
		}
		if ve.Field != fields[i] {
			t.Errorf("joined error %d Field = %q, want %q", i, ve.Field, fields[i])
		}
	}
	var ve *validate.ValidationError
	if !errors.As(err, &ve) || ve.Field != "Email" {
		t.Errorf("errors.As on the joined error found %+v, want the first failure (Email)", ve)
	}
}
