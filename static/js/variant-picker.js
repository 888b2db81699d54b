/* The product page's variant picker: colour swatches and size buttons over the plain list of variant radios.
   Without this script the list works as it is; with it, one radio group per attribute (native radios, so the
   arrow keys move within a group) picks the matching variant in the hidden list, whose value is submitted.
   The price, the stock note, the picture and a live status follow the choice. */
(function () {
  "use strict";

  var COLOUR_AXES = ["colour", "wash"];

  function slug(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function label(axis) {
    var text = axis.replace(/_/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function setup(form) {
    var list = form.querySelector(".variant-list");
    var radios = Array.prototype.slice.call(list.querySelectorAll('input[name="variant"]'));
    if (!radios.length) return;
    var variants = radios.map(function (input) {
      var attributes = {};
      try { attributes = JSON.parse(input.getAttribute("data-attributes") || "{}"); } catch (error) { attributes = {}; }
      return {
        input: input,
        attributes: attributes,
        stock: parseInt(input.getAttribute("data-stock") || "0", 10),
        price: input.getAttribute("data-price") || "",
        was: input.getAttribute("data-was") || ""
      };
    });
    var axes = [];
    variants.forEach(function (variant) {
      Object.keys(variant.attributes).forEach(function (axis) {
        if (axes.indexOf(axis) === -1) axes.push(axis);
      });
    });
    if (!axes.length) return;

    var checked = variants.filter(function (v) { return v.input.checked; })[0] || variants[0];
    var selected = {};
    axes.forEach(function (axis) { selected[axis] = checked.attributes[axis]; });

    var picker = document.createElement("div");
    picker.className = "variant-picker";
    var groups = {};
    axes.forEach(function (axis, axisIndex) {
      var values = [];
      variants.forEach(function (variant) {
        var value = variant.attributes[axis];
        if (value !== undefined && values.indexOf(value) === -1) values.push(value);
      });
      var isColour = COLOUR_AXES.indexOf(axis) !== -1;
      var fieldset = document.createElement("fieldset");
      fieldset.className = "option-group" + (isColour ? " option-group--swatches" : " option-group--buttons");
      var legend = document.createElement("legend");
      var legendName = document.createElement("span");
      legendName.textContent = label(axis) + ": ";
      var legendValue = document.createElement("strong");
      legend.appendChild(legendName);
      legend.appendChild(legendValue);
      fieldset.appendChild(legend);
      var options = document.createElement("div");
      options.className = "option-group__options";
      var inputs = [];
      values.forEach(function (value, valueIndex) {
        var id = "pick-" + axisIndex + "-" + valueIndex;
        var input = document.createElement("input");
        input.type = "radio";
        input.className = "option-input";
        input.name = "pick-" + axis;
        input.id = id;
        input.value = value;
        input.checked = selected[axis] === value;
        var optionLabel = document.createElement("label");
        optionLabel.htmlFor = id;
        if (isColour) {
          optionLabel.className = "swatch";
          optionLabel.setAttribute("data-swatch", slug(value));
          optionLabel.title = value;
          var text = document.createElement("span");
          text.className = "visually-hidden";
          text.textContent = value;
          optionLabel.appendChild(text);
        } else {
          optionLabel.className = "option-button";
          optionLabel.textContent = value;
        }
        input.addEventListener("change", function () {
          selected[axis] = value;
          update(true);
        });
        options.appendChild(input);
        options.appendChild(optionLabel);
        inputs.push({ input: input, label: optionLabel, value: value });
      });
      fieldset.appendChild(options);
      picker.appendChild(fieldset);
      groups[axis] = { inputs: inputs, legendValue: legendValue };
    });

    list.parentNode.insertBefore(picker, list);
    list.hidden = true;

    var button = form.querySelector('button[type="submit"]');
    var buyPrice = form.querySelector("[data-buy-bar-price]");
    var status = form.querySelector("[data-variant-status]");
    var pagePrice = document.getElementById("product-price");
    var stockNote = document.querySelector(".product-summary > .stock");

    function matching(overrides) {
      return variants.filter(function (variant) {
        return axes.every(function (axis) {
          var wanted = overrides && overrides.hasOwnProperty(axis) ? overrides[axis] : selected[axis];
          return variant.attributes[axis] === wanted;
        });
      })[0];
    }

    function showPicture(colour) {
      var thumb = document.querySelector('.product-gallery__thumb[data-colour="' + (window.CSS && CSS.escape ? CSS.escape(colour) : colour) + '"]');
      if (thumb) choosePicture(thumb);
    }

    function update(announce) {
      axes.forEach(function (axis) {
        var group = groups[axis];
        group.legendValue.textContent = selected[axis] || "";
        group.inputs.forEach(function (option) {
          var override = {};
          override[axis] = option.value;
          var candidate = matching(override);
          var available = candidate && candidate.stock > 0;
          option.label.classList.toggle("is-unavailable", !available);
          if (available) option.input.removeAttribute("aria-label");
          else option.input.setAttribute("aria-label", option.value + " (" + (form.getAttribute("data-sold-out") || "sold out") + ")");
        });
      });
      var variant = matching();
      var message;
      if (variant && variant.stock > 0) {
        variant.input.checked = true;
        button.disabled = false;
        if (buyPrice) buyPrice.textContent = variant.price;
        if (pagePrice) {
          pagePrice.textContent = "";
          var now = document.createElement(variant.was ? "ins" : "span");
          now.className = "price__now";
          now.textContent = variant.price;
          pagePrice.appendChild(now);
          if (variant.was) {
            pagePrice.appendChild(document.createTextNode(" "));
            var was = document.createElement("del");
            was.className = "price__was";
            was.textContent = variant.was;
            pagePrice.appendChild(was);
          }
        }
        if (stockNote) { stockNote.className = "stock in-stock"; stockNote.textContent = form.getAttribute("data-in-stock") || stockNote.textContent; }
        message = variant.price;
      } else {
        button.disabled = true;
        message = form.getAttribute("data-unavailable") || "Not available";
      }
      if (announce && status) status.textContent = axes.map(function (axis) { return selected[axis]; }).join(", ") + ": " + message;
      COLOUR_AXES.forEach(function (axis) {
        if (announce && selected[axis]) showPicture(selected[axis]);
      });
    }

    update(false);
  }

  function choosePicture(thumb) {
    var main = document.querySelector(".product-gallery__image");
    var image = thumb.querySelector("img");
    if (!main || !image) return;
    main.src = image.getAttribute("src");
    if (image.getAttribute("srcset")) main.setAttribute("srcset", image.getAttribute("srcset"));
    main.alt = image.alt;
    Array.prototype.forEach.call(document.querySelectorAll(".product-gallery__thumb"), function (other) {
      if (other === thumb) other.setAttribute("aria-current", "true");
      else other.removeAttribute("aria-current");
    });
  }

  document.addEventListener("click", function (event) {
    var thumb = event.target.closest && event.target.closest(".product-gallery__thumb");
    if (!thumb) return;
    event.preventDefault();
    choosePicture(thumb);
  });

  Array.prototype.forEach.call(document.querySelectorAll("form[data-variant-picker]"), setup);
})();
