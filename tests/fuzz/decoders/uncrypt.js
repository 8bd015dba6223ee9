javascript:linkTo_UnCryptMailto('nbjmup+jogpAtdippm/jo');
linkTo_UnCryptMailto('jxfiql7fkclXpzelli+fk', 3);
x = rot13('znvygb:vasb@fpubby.va');
