/* The site's forms ("Update your centre's details", "Become a reporting centre"): prefill from
 * the directory where there is a centre to update, check with the validator's rules, then hand
 * over as a prefilled GitHub issue or an email. Nothing is sent by the page itself: the visitor
 * chooses where it goes. Each form is a [data-rc-form] made by templates/_form.html.
 *
 * The update form sends only the details the person changed, each with the version it was filled
 * from (data/form-values.json), so that `centres apply-issue` can refuse a change to a detail that
 * has changed since. Errors follow the GOV.UK pattern: a summary at the top linking to each field. */
(function () {
  "use strict";

  var lib = window.ReportingCentres;

  function setUp(root) {
    var form = root.querySelector("[data-rc-form-fields]");
    var summary = root.querySelector("[data-rc-problems]");
    var send = root.querySelector("[data-rc-send]");
    var unknown = root.querySelector("[data-rc-unknown]");
    var updating = root.hasAttribute("data-values");
    var values = {};
    var prepared = false;
    var title = document.title;

    // The validator's rules, which the build wrote into the page (script_rules.py); lib.js applies them.
    var rulesData = JSON.parse(root.querySelector("[data-rc-rules]").textContent);
    var RULES = lib.formRules(rulesData);

    function names() {
      var found = [];
      Array.prototype.forEach.call(form.elements, function (c) {
        if (c.name && ["confirm", "remove", "checked"].indexOf(c.name) < 0 && found.indexOf(c.name) < 0) { found.push(c.name); }
      });
      return found;
    }

    function isList(name) {
      var controls = form.elements[name];
      return name === "languages" || Boolean(controls && controls.length !== undefined && controls.tagName !== "SELECT");
    }

    function fieldValue(name) {
      var controls = form.elements[name];
      if (controls && controls.length !== undefined && controls.tagName !== "SELECT") {
        return Array.prototype.filter.call(controls, function (c) { return c.checked; })
          .map(function (c) { return c.value; }).join(", ");
      }
      return controls ? controls.value.trim() : "";
    }

    function removing(name) {
      var box = form.querySelector("[name='remove'][value='" + name + "']");
      return Boolean(box && box.checked);
    }

    function centre() { return updating ? values[fieldValue("centre")] : null; }

    function fill(slug) {
      var known = values[slug] && values[slug].values;
      if (!known) { return; }
      Array.prototype.forEach.call(form.querySelectorAll("[name='remove']"), function (box) {
        box.checked = false;
        toggleRemove(box);
      });
      Object.keys(known).forEach(function (name) {
        var controls = form.elements[name];
        if (!controls || name === "centre") { return; }
        if (controls.length !== undefined && controls.tagName !== "SELECT") {
          var chosen = known[name].split(/,\s*/);
          Array.prototype.forEach.call(controls, function (c) { c.checked = chosen.indexOf(c.value) >= 0; });
        } else {
          controls.value = known[name];
        }
      });
    }

    function toggleRemove(box) {  // "Remove this": the detail's box is greyed out, and sent as "remove this"
      var control = form.elements[box.value];
      if (control) { control.disabled = box.checked; }
    }

    function labelOf(name) {
      var element = root.querySelector("[data-field='" + name + "'] label, [data-field='" + name + "'] legend");
      return element ? element.textContent.trim() : name;
    }

    function issueLabelOf(name) {  // the issue form's question, where the page words it differently
      var control = form.querySelector("[name='" + name + "'][data-issue-label]");
      return control ? control.getAttribute("data-issue-label") : labelOf(name);
    }

    function controlOf(name) {
      var controls = form.elements[name];
      return controls && controls.length !== undefined && controls.tagName !== "SELECT" ? controls[0] : controls;
    }

    function describe(control, errorId, on) {  // the field's error is part of its description while shown
      var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== errorId; });
      if (on) { ids.push(errorId); }
      if (ids.length) { control.setAttribute("aria-describedby", ids.join(" ")); } else { control.removeAttribute("aria-describedby"); }
    }

    function mark(name, message) {
      var error = root.querySelector("#rc-error-" + name);
      var control = controlOf(name);
      if (error) {
        error.textContent = "";
        var hidden = document.createElement("span");
        hidden.className = "rc-visually-hidden";
        hidden.textContent = "Error: ";
        error.appendChild(hidden);
        error.appendChild(document.createTextNode(message));
        error.hidden = false;
      }
      if (control) {
        control.setAttribute("aria-invalid", "true");
        if (error) { describe(control, error.id, true); }
      }
    }

    function clearMarks() {
      Array.prototype.forEach.call(root.querySelectorAll(".rc-error"), function (e) {
        e.hidden = true;
        e.textContent = "";
        Array.prototype.forEach.call(form.querySelectorAll("[aria-describedby~='" + e.id + "']"), function (c) { describe(c, e.id, false); });
      });
      Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
    }

    /* The details that differ from what the form was filled with: [name, answer] in the form's order. */
    function changes() {
      var known = centre();
      if (!known) { return names().map(function (n) { return [n, fieldValue(n)]; }); }  // the join form: everything
      var found = [];
      names().forEach(function (name) {
        if (["centre", "verified_by"].indexOf(name) >= 0 || !(name in known.values)) { return; }
        if (removing(name)) { found.push([name, "remove this"]); return; }
        var now = fieldValue(name);
        if (lib.sameAnswer(now, known.values[name], isList(name))) { return; }
        found.push([name, now || (isList(name) ? "none" : "")]);
      });
      return found;
    }

    function check() {
      var problems = [];
      clearMarks();
      Array.prototype.forEach.call(form.querySelectorAll("[data-missing], [data-rule]"), function (control) {
        if (control.disabled) { return; }
        var value = control.value.trim();
        var message = "";
        if (!value && control.hasAttribute("data-missing")) {
          message = control.getAttribute("data-missing");
        } else if (value && control.hasAttribute("data-rule")) {
          message = RULES[control.getAttribute("data-rule")](value);
          if (message && message.charAt(0) === message.charAt(0).toLowerCase()) { message = labelOf(control.name) + " " + message; }
        }
        if (message) { problems.push({ name: control.name, text: message }); }
      });
      var known = centre();
      if (known) {
        changes().forEach(function (change) {  // emptied without "Remove this": removing is a choice
          if (change[1] !== "") { return; }
          var what = "Enter " + labelOf(change[0]).replace(/ \(.*\)$/, "").toLowerCase();
          var removable = form.querySelector("[name='remove'][value='" + change[0] + "']");
          problems.push({ name: change[0], text: removable ? what + ", or tick \u201cRemove this\u201d" : what });
        });
        if (!problems.length && !changes().length && !form.elements.checked.checked) {
          problems.push({ name: "checked", text: "Change a detail, or tick \u201cI have checked every detail of this centre\u201d" });
        }
      } else if (form.elements.confirm && !form.elements.confirm.checked) {
        problems.push({ name: "confirm", text: "Tick the box to confirm the details are correct today" });
      }
      problems.sort(function (a, b) { return order(a.name) - order(b.name); });
      problems.forEach(function (p) { mark(p.name, p.text); });
      return problems;
    }

    function order(name) {
      var all = Array.prototype.map.call(form.elements, function (c) { return c.name; });
      return all.indexOf(name);
    }

    function showProblems(problems) {
      send.hidden = true;
      var list = summary.querySelector("ul");
      list.textContent = "";
      problems.forEach(function (p) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var control = controlOf(p.name);
        link.href = "#" + (control ? control.id : "");
        link.textContent = p.text;
        link.addEventListener("click", function (event) {  // to the field, with its question in view
          event.preventDefault();
          if (!control) { return; }
          control.focus();
          var question = root.querySelector("[data-field='" + p.name + "']") || control;
          question.scrollIntoView();
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      summary.hidden = false;
      document.title = "Error: " + title;
      summary.focus();
    }

    function clearProblems() {
      summary.hidden = true;
      document.title = title;
    }

    function body(changed) {
      var sections = [];
      if (!updating) {
        changed.forEach(function (c) { sections.push([issueLabelOf(c[0]), c[1]]); });
        return { names: changed, text: lib.issueBody(sections) };
      }
      var known = centre();
      var versions = changed.map(function (c) { return c[0] + ":" + known.versions[c[0]]; }).join(" ");
      var sent = [["centre", fieldValue("centre")]].concat(changed, [["verified_by", fieldValue("verified_by")],
        ["base", versions], ["checked", form.elements.checked.checked ? "yes" : "no"]]);
      sent.forEach(function (c) { sections.push([issueLabelOf(c[0]), c[1]]); });
      return { names: sent, text: lib.issueBody(sections) };
    }

    function build() {
      var slug = fieldValue("centre");
      var name = fieldValue("name") || slug;
      var subject = root.getAttribute("data-title") + name + (slug ? " (" + slug + ")" : "");
      var update = body(changes());
      var params = new URLSearchParams();
      params.set("template", root.getAttribute("data-template"));
      params.set("labels", root.getAttribute("data-label"));
      params.set("title", subject);
      update.names.forEach(function (c) { params.set(c[0], c[1]); });
      root.querySelector("[data-rc-issue]").href = root.getAttribute("data-issue-url") + "?" + params.toString();
      root.querySelector("[data-rc-email-body]").value = update.text;
      var mail = lib.mailtoLink(root.getAttribute("data-coordinator"), subject, update.text, rulesData.mailto_max);
      root.querySelector("[data-rc-email]").href = mail.href;
      root.querySelector("[data-rc-paste]").hidden = mail.whole;
    }

    function prepare(event) {
      event.preventDefault();
      var problems = check();
      if (problems.length) {
        showProblems(problems);
        return;
      }
      clearProblems();
      build();
      prepared = true;
      send.hidden = false;
      send.querySelector("h2").focus();
    }

    function changed() {  // after "Prepare my update", the links always carry what the form says now
      if (!prepared) { return; }
      var problems = check();
      if (problems.length) {
        send.hidden = true;
        clearMarks();
        return;
      }
      build();
      send.hidden = false;
    }

    form.addEventListener("submit", prepare);
    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) {
      if (event.target.name === "remove") { toggleRemove(event.target); }
      changed();
    });
    if (!updating) { return; }
    form.elements.centre.addEventListener("change", function () { fill(form.elements.centre.value); });
    fetch(root.getAttribute("data-values"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        values = data;
        var wanted = new URLSearchParams(window.location.search).get("centre");
        if (wanted && values[wanted]) {
          form.elements.centre.value = wanted;
          fill(wanted);
        } else if (wanted) {  // an old or mistyped link: say so, and offer the list
          unknown.querySelector("[data-rc-unknown-slug]").textContent = wanted.slice(0, 80);
          unknown.hidden = false;
        }
      });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-rc-form]"), setUp);
})();
