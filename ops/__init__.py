"""Operations scripts: run by hand against servers they start themselves."""
