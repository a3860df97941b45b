/* Spreadsheet-safe CSV downloads (the rule of stakeholder_graph/csvsafe.py, on the client).
 * A text cell starting with = + - @ (also after blanks, or full-width), a tab or a carriage
 * return is prefixed with ' so a spreadsheet shows it instead of running it; numbers, and text
 * that is a plain number, are kept as they are. OWASP, "CSV Injection". */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

dagfuncs.spreadsheetSafe = function (params) {
  var value = params.value;
  if (typeof value !== "string") {
    return value;
  }
  var dangerous = /^(?:[\t\r]| *[=+\-@\uff1d\uff0b\uff0d\uff20])/;
  var plainNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  return dangerous.test(value) && !plainNumber.test(value) ? "'" + value : value;
};
