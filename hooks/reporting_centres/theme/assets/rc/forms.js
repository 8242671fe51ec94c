/* The site's forms ("Update your centre's details", "Become a reporting centre"): prefill from
 * the directory where there is a centre to update, check with the validator's rules, then hand
 * over as a prefilled GitHub issue or an email. Nothing is sent by the page itself: the visitor
 * chooses where it goes. Each form is a [data-rc-form] made by templates/_form.html. */
(function () {
  "use strict";

  function setUp(root) {
    var form = root.querySelector("[data-rc-form-fields]");
    var problemsBox = root.querySelector("[data-rc-problems]");
    var send = root.querySelector("[data-rc-send]");
    var values = {};

    // The validator's rules, which the build wrote into the page (script_rules.py); lib.js applies them.
    var RULES = window.ReportingCentres.formRules(JSON.parse(root.querySelector("[data-rc-rules]").textContent));

    function names() {
      var found = [];
      Array.prototype.forEach.call(form.elements, function (c) {
        if (c.name && c.name !== "confirm" && found.indexOf(c.name) < 0) { found.push(c.name); }
      });
      return found;
    }

    function fieldValue(name) {
      var controls = form.elements[name];
      if (controls && controls.length !== undefined && controls.tagName !== "SELECT") {
        return Array.prototype.filter.call(controls, function (c) { return c.checked; })
          .map(function (c) { return c.value; }).join(", ");
      }
      return controls ? controls.value.trim() : "";
    }

    function fill(slug) {
      var centre = values[slug] && values[slug].values;
      if (!centre) { return; }
      Object.keys(centre).forEach(function (name) {
        var controls = form.elements[name];
        if (!controls || name === "centre") { return; }
        if (controls.length !== undefined && controls.tagName !== "SELECT") {
          var chosen = centre[name].split(/,\s*/);
          Array.prototype.forEach.call(controls, function (c) { c.checked = chosen.indexOf(c.value) >= 0; });
        } else {
          controls.value = centre[name];
        }
      });
    }

    function labelOf(name) {
      var element = root.querySelector("[data-field='" + name + "'] label, [data-field='" + name + "'] legend");
      return element ? element.textContent.trim() : name;
    }

    function issueLabelOf(name) {  // the issue form's question, where the page words it differently
      var control = form.querySelector("[name='" + name + "'][data-issue-label]");
      return control ? control.getAttribute("data-issue-label") : labelOf(name);
    }

    function mark(control, message) {
      var error = root.querySelector("#rc-error-" + control.name);
      if (error) {
        error.textContent = message;
        error.hidden = false;
      }
      control.setAttribute("aria-invalid", "true");
    }

    function check() {
      var problems = [];
      Array.prototype.forEach.call(form.querySelectorAll(".rc-error"), function (e) { e.hidden = true; e.textContent = ""; });
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
      Array.prototype.forEach.call(form.querySelectorAll("[data-missing], [data-rule]"), function (control) {
        var value = control.value.trim();
        var message = "";
        if (!value && control.hasAttribute("data-missing")) {
          message = labelOf(control.name) + ": " + control.getAttribute("data-missing");
        } else if (value && control.hasAttribute("data-rule")) {
          var wrong = RULES[control.getAttribute("data-rule")](value);
          message = wrong ? labelOf(control.name) + ": '" + value + "' " + wrong : "";
        }
        if (message) {
          problems.push({ name: control.name, text: message });
          mark(control, message);
        }
      });
      if (!form.elements.confirm.checked) { problems.push({ name: "confirm", text: "Tick the box to confirm the details are correct today" }); }
      return problems;
    }

    function body() {
      return names().map(function (name) {
        return "### " + issueLabelOf(name) + "\n\n" + (fieldValue(name) || "_No response_");
      }).join("\n\n") + "\n";
    }

    function showProblems(problems) {
      send.hidden = true;
      problemsBox.textContent = "";
      var heading = document.createElement("p");
      heading.textContent = "Please correct " + (problems.length === 1 ? "this" : "these " + problems.length) + ":";
      var list = document.createElement("ul");
      problems.forEach(function (p) {
        var item = document.createElement("li");
        item.textContent = p.text;
        list.appendChild(item);
      });
      problemsBox.appendChild(heading);
      problemsBox.appendChild(list);
      problemsBox.hidden = false;
      var first = form.elements[problems[0].name];
      if (first && first.focus) { first.focus(); } else if (first && first[0]) { first[0].focus(); }
    }

    function prepare(event) {
      event.preventDefault();
      var problems = check();
      if (problems.length) {
        showProblems(problems);
        return;
      }
      problemsBox.hidden = true;
      var slug = fieldValue("centre");
      var name = fieldValue("name") || slug;
      var title = root.getAttribute("data-title") + name + (slug ? " (" + slug + ")" : "");
      var params = new URLSearchParams();
      params.set("template", root.getAttribute("data-template"));
      params.set("labels", root.getAttribute("data-label"));
      params.set("title", title);
      names().forEach(function (n) { params.set(n, fieldValue(n)); });
      root.querySelector("[data-rc-issue]").href = root.getAttribute("data-issue-url") + "?" + params.toString();
      var text = body();
      root.querySelector("[data-rc-email-body]").value = text;
      root.querySelector("[data-rc-email]").href = "mailto:" + encodeURIComponent(root.getAttribute("data-coordinator")).replace(/%40/g, "@") +
        "?subject=" + encodeURIComponent(title) + "&body=" + encodeURIComponent(text);
      send.hidden = false;
      send.querySelector("h2").focus();
    }

    form.addEventListener("submit", prepare);
    if (!root.hasAttribute("data-values")) { return; }
    form.elements.centre.addEventListener("change", function () { fill(form.elements.centre.value); });
    fetch(root.getAttribute("data-values"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        values = data;
        var wanted = new URLSearchParams(window.location.search).get("centre");
        if (wanted && values[wanted]) { form.elements.centre.value = wanted; fill(wanted); }
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-form]"), setUp);
})();
