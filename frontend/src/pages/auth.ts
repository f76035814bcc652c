import { acceptInvitation, login, register } from "../api";
import { h, onSubmit } from "../dom";
import { t } from "../i18n";
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
  const btn = h("button", { type: "submit", class: "primary" }, t("common.signIn"));
  const form = h(
    "form",
    { class: "card auth", "data-testid": "login-form" },
    h("h2", {}, t("auth.signInTitle")),
    field(t("common.email"), email),
    field(t("common.password"), password),
    msg,
    btn,
    h("p", { class: "muted" }, t("auth.noAccount"), h("a", { href: `/register${location.search}` }, t("nav.register"))),
  );
  onSubmit(form, msg, async () => {
    await login(email.value.trim(), password.value);
    navigate(safeNext(q), true);
  });
  root.append(form);
  email.focus();
};

export const registerView: View = (root, _p, q) => {
  const name = h("input", { type: "text", name: "name", autocomplete: "name", required: true, maxlength: 100 });
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: 10, maxlength: 256 });
  const msg = h("div", { class: "form-msg" });
  const btn = h("button", { type: "submit", class: "primary" }, t("auth.createAccount"));
  const form = h(
    "form",
    { class: "card auth", "data-testid": "register-form" },
    h("h2", {}, t("auth.registerTitle")),
    field(t("common.name"), name),
    field(t("common.email"), email),
    field(t("auth.passwordMin"), password),
    msg,
    btn,
    h("p", { class: "muted" }, t("auth.already"), h("a", { href: `/login${location.search}` }, t("common.signIn"))),
  );
  onSubmit(form, msg, async () => {
    await register(name.value.trim(), email.value.trim(), password.value);
    navigate(safeNext(q), true);
  });
  root.append(form);
  name.focus();
};

/** inviteView is the page of an invitation link (/invite/:token): the invited candidate chooses a password (and a name) and lands on their assignments. */
export const inviteView: View = (root, p) => {
  const token = p.token ?? "";
  const name = h("input", { type: "text", name: "name", autocomplete: "name", maxlength: 100, placeholder: t("invite.namePlaceholder") });
  const password = h("input", { type: "password", name: "password", autocomplete: "new-password", required: true, minlength: 10, maxlength: 256 });
  const msg = h("div", { class: "form-msg" });
  const btn = h("button", { type: "submit", class: "primary", "data-testid": "accept" }, t("invite.accept"));
  const form = h(
    "form",
    { class: "card auth", "data-testid": "invite-form" },
    h("h2", {}, t("invite.title")),
    h("p", { class: "muted" }, t("invite.lead")),
    field(t("invite.name"), name),
    field(t("auth.passwordMin"), password),
    msg,
    btn,
  );
  onSubmit(form, msg, async () => {
    await acceptInvitation(token, password.value, name.value.trim());
    navigate("/assignments", true);
  });
  root.append(form);
  password.focus();
};
