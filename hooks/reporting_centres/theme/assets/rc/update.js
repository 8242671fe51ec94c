/* "Update your centre's details": prefill from the directory, check with the validator's
 * rules, then hand over as a prefilled GitHub issue or an email. Nothing is sent by this
 * page itself: the visitor chooses where it goes. */
(function () {
  "use strict";
  var root = document.querySelector("[data-rc-update]");
  if (!root) { return; }
  var form = root.querySelector("[data-rc-update-form]");
  var problemsBox = root.querySelector("[data-rc-problems]");
  var send = root.querySelector("[data-rc-send]");
  var values = {};

  var postcode = new RegExp(root.getAttribute("data-postcode-pattern"));
  var timeRange = new RegExp(root.getAttribute("data-time-pattern"));
  var RULES = {
    postcode: function (v) {
      var compact = v.toUpperCase().replace(/\s+/g, "");
      return postcode.test(compact.slice(0, -3) + " " + compact.slice(-3)) ? "" : "is not a UK postcode (e.g. M1 1AE or BL1 1SE)";
    },
    phone: function (v) {
      var digits = v.replace(/[\s()-]/g, "");
      return /^(?:0|\+44)\d{9,10}$/.test(digits) ? "" : "is not a valid UK phone number (e.g. 0161 496 0123)";
    },
    email: function (v) {
      return /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(v) ? "" : "is not a valid email address (e.g. hello@example.org)";
    },
    https: function (v) {
      return /^https:\/\/[^\s/.]+\.[^\s/]+(\/\S*)?$/.test(v) ? "" : "must start with https:// (e.g. https://example.org/)";
    },
    hours: function (v) {
      var text = v.trim().toLowerCase();
      if (["24 hours", "by appointment", "closed"].indexOf(text) >= 0) { return ""; }
      var ok = text.split(",").every(function (part) {
        var m = timeRange.exec(part.trim());
        return m && (m.groups.end === "24:00" || m.groups.end > m.groups.start) && m.groups.start < "24:00";
      });
      return ok ? "" : "is not like 09:00-17:00 (separate ranges with commas), 24 hours, by appointment or closed";
    },
    languages: function (v) {
      return v.split(",").every(function (c) { return /^[a-z]{2,3}$/.test(c.trim().toLowerCase()); })
        ? "" : "must be language codes separated by commas, e.g. en, ur, pl";
    }
  };

  function fieldValue(name) {
    var controls = form.elements[name];
    if (controls && controls.length !== undefined && controls.tagName !== "SELECT") {
      return Array.prototype.filter.call(controls, function (c) { return c.checked; })
        .map(function (c) { return c.value; }).join(", ");
    }
    return controls ? controls.value.trim() : "";
  }

  function fill(slug) {
    var centre = values[slug];
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

  function check() {
    var problems = [];
    Array.prototype.forEach.call(form.querySelectorAll(".rc-error"), function (e) { e.hidden = true; e.textContent = ""; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (e) { e.removeAttribute("aria-invalid"); });
    if (!fieldValue("centre")) { problems.push({ name: "centre", text: "Your centre: choose your centre" }); }
    Array.prototype.forEach.call(form.querySelectorAll("[data-rule]"), function (control) {
      var value = control.value.trim();
      if (!value) { return; }
      var wrong = RULES[control.getAttribute("data-rule")](value);
      if (wrong) {
        var message = labelOf(control.name) + ": '" + value + "' " + wrong;
        problems.push({ name: control.name, text: message });
        var error = root.querySelector("#rc-error-" + control.name);
        error.textContent = message;
        error.hidden = false;
        control.setAttribute("aria-invalid", "true");
      }
    });
    if (!fieldValue("verified_by")) { problems.push({ name: "verified_by", text: labelOf("verified_by") + ": say what your role is" }); }
    if (!form.elements.confirm.checked) { problems.push({ name: "confirm", text: "Tick the box to confirm the details are correct today" }); }
    return problems;
  }

  function body() {
    var names = [];
    Array.prototype.forEach.call(form.elements, function (c) {
      if (c.name && c.name !== "confirm" && names.indexOf(c.name) < 0) { names.push(c.name); }
    });
    return names.map(function (name) {
      return "### " + (name === "centre" ? "Centre (do not change)" : labelOf(name)) + "\n\n" + (fieldValue(name) || "_No response_");
    }).join("\n\n") + "\n";
  }

  function prepare(event) {
    event.preventDefault();
    var problems = check();
    if (problems.length) {
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
      return;
    }
    problemsBox.hidden = true;
    var slug = fieldValue("centre");
    var name = fieldValue("name") || slug;
    var params = new URLSearchParams();
    params.set("template", root.getAttribute("data-template"));
    params.set("labels", root.getAttribute("data-label"));
    params.set("title", "Update: " + name + " (" + slug + ")");
    var names = [];
    Array.prototype.forEach.call(form.elements, function (c) {
      if (c.name && c.name !== "confirm" && names.indexOf(c.name) < 0) { names.push(c.name); }
    });
    names.forEach(function (n) { params.set(n, fieldValue(n)); });
    root.querySelector("[data-rc-issue]").href = root.getAttribute("data-issue-url") + "?" + params.toString();
    var text = body();
    root.querySelector("[data-rc-email-body]").value = text;
    root.querySelector("[data-rc-email]").href = "mailto:" + root.getAttribute("data-coordinator") +
      "?subject=" + encodeURIComponent("Update: " + name + " (" + slug + ")") + "&body=" + encodeURIComponent(text);
    send.hidden = false;
    send.querySelector("h2").focus();
  }

  form.addEventListener("submit", prepare);
  form.elements.centre.addEventListener("change", function () { fill(form.elements.centre.value); });
  fetch(root.getAttribute("data-values"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      values = data;
      var wanted = new URLSearchParams(window.location.search).get("centre");
      if (wanted && values[wanted]) { form.elements.centre.value = wanted; fill(wanted); }
    });
})();
