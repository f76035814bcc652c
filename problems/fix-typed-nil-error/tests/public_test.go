package validate_test

import (
	"errors"
	"testing"

	"goprep.local/validate"
)

func TestValidateValidUser(t *testing.T) {
	err := validate.Validate(validate.User{Name: "ann", Email: "ann@example.com", Age: 30})
	if err != nil {
		t.Fatalf("Validate(valid user) = %#v, want nil", err)
	}
}

func TestValidateReportsField(t *testing.T) {
	err := validate.Validate(validate.User{Name: "bob", Email: "bob.example.com", Age: 30})
	var ve *validate.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Validate(bad email) = %v, want a *ValidationError", err)
	}
	if ve.Field != "Email" {
		t.Errorf("Field = %q, want %q", ve.Field, "Email")
	}
}
