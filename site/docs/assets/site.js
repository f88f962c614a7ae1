/* The site's interactive parts: copy buttons, the compare filter, the remix verdicts and
   the chooser. Each one only adds to a page that is complete without it: the tables show
   everything, so a reader without JavaScript loses nothing but convenience. No library,
   nothing loaded from elsewhere. */
(function () {
  "use strict";

  /* The words this script prints, in the page's language: `window.clausekitWords` (written by
     `mgl site` into assets/clausekit-words.js, English msgid -> translation) when the site has
     several languages; the English msgid itself otherwise. {name} placeholders are filled in. */
  var WORDS = window.clausekitWords || {};
  function t(msgid, values) {
    var text = Object.prototype.hasOwnProperty.call(WORDS, msgid) ? WORDS[msgid] : msgid;
    return text.replace(/\{([a-z_]+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  /* --- copy buttons -------------------------------------------------------------------- */

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = element("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        if (document.execCommand("copy")) resolve();
        else reject(new Error("the browser refused to copy"));
      } catch (error) {
        reject(error);
      } finally {
        area.remove();
      }
    });
  }

  function selectContents(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function initCopyButton(button) {
    var label = button.textContent;
    var timer = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copyJson || button.dataset.copy);
      if (!source) return;
      var text = button.dataset.copyJson ? JSON.parse(source.textContent) : source.textContent;
      copyText(text).then(
        function () {
          button.textContent = t("Copied");
          button.classList.add("copied");
        },
        function () {
          if (!button.dataset.copyJson) selectContents(source);
          button.textContent = t("Press Ctrl+C to copy");
        }
      ).then(function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.textContent = label;
          button.classList.remove("copied");
        }, 2000);
      });
    });
  }

  /* --- the notice, filled in from a small form ------------------------------------------ */

  /* `box` holds a .notice-form and the notice's `data-fill` spans (see site/templates/_notice.md).
     Each span's own text is its placeholder; what is typed replaces it as text, never as
     markup, wrapped in the span's `data-format` if it has one. `values` (name -> typed text)
     is shared, so the chooser keeps what was typed when it shows another license. */
  function initNotice(box, values) {
    var form = box.querySelector(".notice-form");
    var spans = Array.prototype.slice.call(box.querySelectorAll("[data-fill]"));
    spans.forEach(function (span) {
      if (!("placeholder" in span.dataset)) span.dataset.placeholder = span.textContent;
    });

    function fill() {
      spans.forEach(function (span) {
        var value = (values[span.dataset.fill] || "").trim();
        var format = span.dataset.format || "{value}";
        span.textContent = value
          ? format.replace("{value}", function () { return value; })
          : span.dataset.placeholder;
        span.classList.toggle("filled", value !== "");
      });
    }

    form.querySelectorAll("input[name]").forEach(function (input) {
      if (values[input.name]) input.value = values[input.name];
      input.addEventListener("input", function () {
        values[input.name] = input.value;
        fill();
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    form.hidden = false;
    fill();
  }

  /* The chooser's notice: the page's pattern (a <template>) with the variant's facts in its
     `data-slot` spans; a `data-needs` part goes when the variant lacks that fact. */
  function chooserNotice(pattern, variant, values) {
    var notice = pattern.content.firstElementChild.cloneNode(true);
    var facts = variant.notice || {};
    notice.querySelectorAll("[data-slot]").forEach(function (slot) {
      slot.textContent = facts[slot.dataset.slot] || "";
    });
    notice.querySelectorAll("[data-needs]").forEach(function (part) {
      if (!facts[part.dataset.needs]) part.remove();
    });
    notice.querySelectorAll(".copy-button").forEach(initCopyButton);
    initNotice(notice, values);
    return notice;
  }

  /* --- compare filter ------------------------------------------------------------------ */

  function initCompare(box) {
    var form = box.querySelector(".compare-filter");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-option]"));
    var heads = Array.prototype.slice.call(box.querySelectorAll("thead th[data-variant]"));
    var count = form.querySelector(".compare-count");

    function apply() {
      var shown = 0;
      heads.forEach(function (head) {
        var options = head.dataset.options.split(" ").filter(Boolean);
        var match = selects.every(function (select) {
          if (select.value === "any") return true;
          return (select.value === "with") === (options.indexOf(select.dataset.option) >= 0);
        });
        box.querySelectorAll('[data-variant="' + head.dataset.variant + '"]').forEach(function (cell) {
          cell.hidden = !match;
        });
        if (match) shown += 1;
      });
      count.textContent =
        shown === heads.length
          ? t("Showing all {shown} licenses.", { shown: shown })
          : shown === 0
            ? t("No license has this combination of options.")
            : t("Showing {shown} of {total} licenses.", { shown: shown, total: heads.length });
    }

    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () {
      setTimeout(apply, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    apply();
  }

  /* --- wide tables: a hint and faded edges while there is more to see sideways ------------ */

  function initScrollHint(box) {
    var hint = element("p", t("More columns: scroll the table sideways."), "scroll-hint");
    hint.hidden = true;
    box.parentNode.insertBefore(hint, box);

    function update() {
      var overflow = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("scrolls", overflow);
      box.classList.toggle("at-start", box.scrollLeft <= 1);
      box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
      hint.hidden = !overflow;
    }

    /* a group's title spans the whole row: keep it at the left edge while the row scrolls */
    box.querySelectorAll("tr.group > th").forEach(function (cell) {
      var label = element("span", "", "group-label");
      while (cell.firstChild) label.appendChild(cell.firstChild);
      cell.appendChild(label);
    });
    box.addEventListener("scroll", update, { passive: true });
    window.addEventListener("resize", update);
    update();
  }

  /* --- remix verdicts ------------------------------------------------------------------ */

  /* The explanation shows in a panel fixed to the bottom of the window, so it is next to the
     cell wherever the matrix is scrolled; Escape or the close button hides it again. */
  function initCompat(box) {
    var panel = box.querySelector(".verdict-panel");
    var opener = null;

    function close() {
      if (panel.hidden) return;
      panel.hidden = true;
      box.querySelectorAll("td.verdict.selected").forEach(function (cell) {
        cell.classList.remove("selected");
      });
      if (opener) opener.focus();
      opener = null;
    }

    function open(link) {
      close();
      opener = link;
      link.parentElement.classList.add("selected");
      panel.textContent = "";
      panel.className = "verdict-panel " + link.parentElement.className.replace("selected", "").trim();
      var button = element("button", "×", "verdict-panel-close");
      button.type = "button";
      button.setAttribute("aria-label", t("Close"));
      button.addEventListener("click", close);
      panel.appendChild(button);
      var mark = link.querySelector(".mark").textContent;
      panel.appendChild(element("p", mark + " " + link.dataset.explanation));
      var more = element("p", "", "verdict-panel-links");
      if (link.dataset.resultHref) {
        var target = element("a", t("Read {id}", { id: link.dataset.result }));
        target.href = link.dataset.resultHref;
        more.appendChild(target);
      }
      var listed = element("a", t("In the list of verdicts"));
      listed.href = link.getAttribute("href");
      listed.addEventListener("click", close);
      more.appendChild(listed);
      panel.appendChild(more);
      panel.hidden = false;
      /* a panel fixed to the bottom of the window (narrower screens) must not cover the cell */
      if (window.getComputedStyle(panel).position === "fixed") {
        var cell = link.getBoundingClientRect();
        var top = panel.getBoundingClientRect().top;
        if (cell.bottom > top - 8) window.scrollBy(0, cell.bottom - top + 16);
      }
    }

    box.querySelectorAll("td.verdict a").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        open(link);
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close();
    });
  }

  /* --- chooser ------------------------------------------------------------------------- */

  function initChooser(box) {
    var data = JSON.parse(box.querySelector("#chooser-data").textContent);
    var form = box.querySelector("form");
    var result = box.querySelector(".chooser-result");
    var pattern = box.querySelector("template#chooser-notice");
    var typed = {};  /* the notice form's values, kept while the answers change */
    var found = null;  /* the license shown, so its notice is scrolled into view once */

    function has(variant, code) {
      return variant.options.indexOf(code) >= 0;
    }
    function leadsTo(question, variant) {
      /* the answer to `question` that keeps `variant` */
      return has(variant, question.option) === (question.if_yes === "with") ? "yes" : "no";
    }
    function wanted(question, answer) {
      /* does this answer ask for the option? */
      return (answer === "yes") === (question.if_yes === "with");
    }

    function currentAnswers() {
      var answers = {};
      data.questions.forEach(function (question) {
        var checked = form.querySelector('input[name="answer-' + question.option + '"]:checked');
        if (checked) answers[question.option] = checked.value;
      });
      return answers;
    }

    function reasons(answers) {
      /* why no license fits: a rule that forbids the combination, or an option that brings another */
      var want = {};
      data.questions.forEach(function (question) {
        if (question.option in answers) want[question.option] = wanted(question, answers[question.option]);
      });
      var found = [];
      data.rules.forEach(function (rule) {
        if (rule.never.every(function (code) { return want[code] === true; })) found.push(rule.because);
      });
      Object.keys(want).forEach(function (code) {
        if (!want[code]) return;
        (data.options[code].implies || []).forEach(function (implied) {
          if (want[implied] === false) {
            found.push(t("{option} always comes with {implied}.", {
              option: t("{name} ({code})", { name: data.options[code].name, code: code }),
              implied: t("{name} ({code})", { name: data.options[implied].name, code: implied })
            }));
          }
        });
      });
      return found;
    }

    function variantLink(variant) {
      var link = element("a", variant.id);
      link.href = variant.href;
      return link;
    }

    function reveal(node) {
      /* the answer that leaves one license may be far above the result: bring it into view */
      var shown = node.getBoundingClientRect();
      if (shown.top < 0 || shown.bottom > window.innerHeight) node.scrollIntoView({ block: "nearest" });
    }

    function show(left, answers) {
      result.textContent = "";
      result.className = "chooser-result";
      if (Object.keys(answers).length === 0) {
        result.appendChild(element("p", t("Answer the questions above; the license that fits appears here.")));
        return;
      }
      if (left.length === 1) {
        result.classList.add("found");
        var title = element("p", "", "chooser-result-title");
        title.appendChild(document.createTextNode(t("Your license: ")));
        title.appendChild(variantLink(left[0]));
        result.appendChild(title);
        if (pattern && left[0].notice) result.appendChild(chooserNotice(pattern, left[0], typed));
        result.appendChild(element("p", t("{title}. Its page has the full text, the model sheet and what to put in your repository.", { title: left[0].title })));
        if (found !== left[0].id) reveal(result);
        found = left[0].id;
        return;
      }
      found = null;
      if (left.length === 0) {
        result.classList.add("none");
        result.appendChild(element("p", t("No license fits all of these answers."), "chooser-result-title"));
        reasons(answers).forEach(function (reason) {
          result.appendChild(element("p", reason));
        });
        result.appendChild(element("p", t("Change one of your answers to see the licenses that come closest.")));
        return;
      }
      result.appendChild(element("p", t("{count} licenses still fit. Answer another question to narrow them down:", { count: left.length })));
      var list = element("ul");
      left.forEach(function (variant) {
        var item = element("li");
        item.appendChild(variantLink(variant));
        item.appendChild(document.createTextNode(t(": ") + variant.title));
        list.appendChild(item);
      });
      result.appendChild(list);
    }

    function update() {
      var answers = currentAnswers();
      var left = data.variants.filter(function (variant) {
        return data.questions.every(function (question) {
          return !(question.option in answers) || leadsTo(question, variant) === answers[question.option];
        });
      });
      data.questions.forEach(function (question) {
        var field = form.querySelector('fieldset[data-option="' + question.option + '"]');
        var note = field.querySelector(".chooser-decided");
        var values = left.map(function (variant) { return leadsTo(question, variant); });
        var decided = !(question.option in answers) && values.length > 0 &&
          values.every(function (value) { return value === values[0]; });
        field.classList.toggle("is-decided", decided);
        note.hidden = !decided;
        note.textContent = decided
          ? t("Your other answers already settle this one: {answer}.", { answer: t(values[0]) })
          : "";
      });
      show(left, answers);
    }

    box.hidden = false;
    form.addEventListener("change", update);
    form.addEventListener("reset", function () {
      setTimeout(update, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    update();
  }

  function init() {
    document.querySelectorAll(".copy-button").forEach(initCopyButton);
    document.querySelectorAll(".notice-maker").forEach(function (box) {
      initNotice(box, {});
    });
    document.querySelectorAll(".table-scroll").forEach(initScrollHint);
    document.querySelectorAll("[data-compare]").forEach(initCompare);
    document.querySelectorAll("[data-compat]").forEach(initCompat);
    document.querySelectorAll("[data-chooser]").forEach(initChooser);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
