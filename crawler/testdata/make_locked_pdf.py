#!/usr/bin/env python3
"""Writes locked.pdf: one page saying "contact: locked@school.in", encrypted
with the PDF Standard security handler (V1, R2, 40-bit RC4; ISO 32000-1
§7.6.3) and user password "secret", so readers cannot open it without it.
Run from this directory; pdftotext -upw secret locked.pdf - shows the text."""
import hashlib
import struct

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
USER, OWNER = b"secret", b"owner-secret"
FILE_ID = bytes(range(16))
PERMS = -44  # print and copy off; any value works


def rc4(key, data):
    s, j, out = list(range(256)), 0, bytearray()
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def padded(pw):
    return (pw + PAD)[:32]


owner_entry = rc4(hashlib.md5(padded(OWNER)).digest()[:5], padded(USER))  # Alg. 3
key = hashlib.md5(padded(USER) + owner_entry + struct.pack("<i", PERMS) + FILE_ID).digest()[:5]  # Alg. 2
user_entry = rc4(key, PAD)  # Alg. 4


def object_key(num):
    return hashlib.md5(key + struct.pack("<I", num)[:3] + b"\0\0").digest()[:10]


stream = rc4(object_key(5), b"BT /F1 12 Tf 72 720 Td (contact: locked@school.in) Tj ET")
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
    b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
    % (owner_entry.hex().encode(), user_entry.hex().encode(), PERMS),
]
pdf, offsets = b"%PDF-1.4\n", []
for n, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\n" % (
    len(objects) + 1, FILE_ID.hex().encode(), FILE_ID.hex().encode())
pdf += b"startxref\n%d\n%%%%EOF\n" % xref
open("locked.pdf", "wb").write(pdf)
