export const id = 287;
export const ids = [287];
export const modules = {

/***/ 7287:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createTencentProvider: () => (/* binding */ createTencentProvider)
/* harmony export */ });
function createTencentProvider(_config, _log) {
    throw new Error('provider tencent is not available yet');
}


/***/ })

};

//# sourceMappingURL=287.index.js.map