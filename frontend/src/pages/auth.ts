import { login, register } from "../api";
import { errorBox, h } from "../dom";
import { navigate, type View } from "../router";

function safeNext(q: URLSearchParams): string {
  const n = q.get("next") ?? "";
  return n.startsWith("/") && !n.startsWith("//") ? n : "/problems";
}

function field(label: string, input: HTMLInputElement): HTMLElement {
  return h("label", { class: "field" }, h("span", {}, label), input);
}

export const loginView: View = (root, _p, q) => {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true, maxlength: 256 });
  const msg = h("div", { class: "form-msg" });
  const btn = h("button", { type: "submit", class: "primary" }, "Sign in");
  const form = h(
    "form",
    { class: "card auth", "data-testid": "login-form" },
    h("h2", {}, "Sign in"),
    field("Email", email),
    field("Password", password),
    msg,
    btn,
    h("p", { class: "muted" }, "No account yet? ", h("a", { href: `/register${location.search}` }, "Register")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    msg.replaceChildren();
    btn.disabled = true;
    try {
      await login(email.value.trim(), password.value);
      navigate(safeNext(q), true);
    } catch (err) {
      msg.replaceChildren(errorBox(err));
    } finally {
      btn.disabled = false;
    }
  });
  root.append(form);
  email.focus();
};

export const registerView: View = (root, _p, q) => {
  const name = h("input", { type: "text", name: "name", autocomplete: "name", required: true, maxlength: 100 });
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: 10, maxlength: 256 });
  const msg = h("div", { class: "form-msg" });
  const btn = h("button", { type: "submit", class: "primary" }, "Create account");
  const form = h(
    "form",
    { class: "card auth", "data-testid": "register-form" },
    h("h2", {}, "Create a practice account"),
    field("Name", name),
    field("Email", email),
    field("Password (at least 10 characters)", password),
    msg,
    btn,
    h("p", { class: "muted" }, "Already registered? ", h("a", { href: `/login${location.search}` }, "Sign in")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    msg.replaceChildren();
    btn.disabled = true;
    try {
      await register(name.value.trim(), email.value.trim(), password.value);
      navigate(safeNext(q), true);
    } catch (err) {
      msg.replaceChildren(errorBox(err));
    } finally {
      btn.disabled = false;
    }
  });
  root.append(form);
  name.focus();
};
