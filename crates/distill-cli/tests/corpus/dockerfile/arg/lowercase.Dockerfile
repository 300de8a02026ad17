arg version=1
from alpine
arg version
