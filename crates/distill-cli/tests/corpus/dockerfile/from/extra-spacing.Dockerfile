FROM    alpine:3.19     AS     spaced   
FROM	alpine	AS	tabbed
