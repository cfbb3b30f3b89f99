// Passkeys (WebAuthn) for forms marked data-passkey="create" (register) or "get" (log in).
// The server makes the options (ASP.NET Core Identity) and checks the answer; this file only runs the
// browser's ceremony between the two: fetch the JSON options, call navigator.credentials, put the
// credential's JSON into the form's hidden field and submit the form as usual.
(() => {
  const messages = {
    unsupported: "お使いのブラウザーはパスキーに対応していません。",
    cancelled: "パスキーの操作が取り消されたか、時間切れになりました。もう一度お試しください。",
    failed: "パスキーの操作に失敗しました。もう一度お試しください。",
  };

  const supported = () =>
    window.PublicKeyCredential !== undefined &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

  const showError = (form, text) => {
    const box = form.querySelector("[data-passkey-error]");
    if (box) {
      box.textContent = text;
      box.hidden = false;
    }
  };

  const fetchOptions = async (form) => {
    const token = form.querySelector("input[name='__RequestVerificationToken']");
    const body = new FormData();
    if (token) {
      body.append("__RequestVerificationToken", token.value);
    }
    const response = await fetch(form.dataset.optionsUrl, { method: "POST", body, credentials: "same-origin" });
    if (!response.ok) {
      throw new Error("options " + response.status);
    }
    return response.json();
  };

  const ceremony = async (form) => {
    const json = await fetchOptions(form);
    if (form.dataset.passkey === "create") {
      return navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) });
    }
    return navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
  };

  document.addEventListener("DOMContentLoaded", () => {
    for (const form of document.querySelectorAll("form[data-passkey]")) {
      form.addEventListener("submit", async (event) => {
        const field = form.querySelector("[data-passkey-credential]");
        if (field.value) {
          return; // the ceremony is done: this is the real submit
        }
        // A registration without a name goes to the server as it is, which says what is missing.
        const name = form.querySelector("input[name='PasskeyName']");
        if (name && !name.value.trim()) {
          return;
        }
        event.preventDefault();
        if (!supported()) {
          showError(form, messages.unsupported);
          return;
        }
        try {
          const credential = await ceremony(form);
          field.value = JSON.stringify(credential);
          form.submit();
        } catch (error) {
          showError(form, error && error.name === "NotAllowedError" ? messages.cancelled : messages.failed);
        }
      });
    }
  });
})();
