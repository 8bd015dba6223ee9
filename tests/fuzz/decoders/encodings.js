document.getElementById('s').textContent = atob('c2Nob2xhcnNoaXBzQHNwcmluZ2ZpZWxkLmVkdS5pbg==');
atob('aW5mb0Bz' + 'Y2hvb2wuaW4=');
var e = 'ni.loohcs@ofni'.split('').reverse().join('');
s = 'info\x40school.in'; t = "info\u0040school\u{2E}in"; q = 'it\'s';
String.fromCharCode(105,110,102,111,64,115,99,104,111,111,108,46,105,110);
// 'not@a.string'
/* 'nor@this.one' */
