var user = 'admissions';
var host = 'springfield' + '.' + 'edu.in';
document.write('<a href="mailto:' + user + '@' + host + '">' + user + '@' + host + '</a>');
var m = 'info'; m += '@school.in'; f(`${u}@school.in`, "a", `b`);
